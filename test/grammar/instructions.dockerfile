# SYNTAX TEST "source.dockerfile" "instructions, FROM/AS, strings, variables, comments, exec form, continuations"

FROM ubuntu:22.04 AS build
# <---- keyword.other.special-method.dockerfile
#    ^^^^^^ meta.instruction.from.dockerfile entity.name.type.image.dockerfile
#          ^ punctuation.separator.tag.dockerfile
#           ^^^^^ constant.other.image-tag.dockerfile
#                 ^^ keyword.control.as.dockerfile
#                    ^^^^^ entity.name.function.stage.dockerfile

from registry.example.com:5000/team/app@sha256:0123abcd as final
# <---- keyword.other.special-method.dockerfile
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity.name.type.image.dockerfile
#                                      ^ punctuation.separator.digest.dockerfile
#                                       ^^^^^^^^^^^^^^^ constant.other.image-digest.dockerfile
#                                                       ^^ keyword.control.as.dockerfile
#                                                          ^^^^^ entity.name.function.stage.dockerfile

FROM ${BASE_IMAGE:-debian}:${TAG}
#    ^^ entity.name.type.image.dockerfile variable.other.bracket.dockerfile punctuation.definition.variable.begin.dockerfile
#      ^^^^^^^^^^ variable.other.bracket.dockerfile variable.other.dockerfile
#                ^^ keyword.operator.expansion.dockerfile
#                  ^^^^^^ string.unquoted.default-value.dockerfile
#                        ^ punctuation.definition.variable.end.dockerfile
#                         ^ punctuation.separator.tag.dockerfile
#                          ^^^^^^ constant.other.image-tag.dockerfile variable.other.bracket.dockerfile

Run echo hi
# <--- keyword.other.special-method.dockerfile
  workdir /app
# <~~------- keyword.other.special-method.dockerfile

ONBUILD RUN make
# <------- keyword.control.dockerfile
#       ^^^ keyword.other.special-method.dockerfile
ONBUILD COPY . /src
# <------- keyword.control.dockerfile
#       ^^^^ keyword.other.special-method.dockerfile

# a plain comment
# <- comment.line.number-sign.dockerfile punctuation.definition.comment.dockerfile
#  ^^^^^^^^^^^^^^ comment.line.number-sign.dockerfile
    # indented comment
# <~~~~- comment.line.number-sign.dockerfile
RUN echo "not # a comment"
#              ^ - comment.line.number-sign.dockerfile

ENV APP_HOME=/app PATH="/opt/bin:$PATH" MODE='raw $x' \
# <--- keyword.other.special-method.dockerfile
#   ^^^^^^^^ variable.other.env.dockerfile
#           ^ keyword.operator.assignment.dockerfile
#            ^^^^ string.unquoted.value.dockerfile
#                 ^^^^ variable.other.env.dockerfile
#                      ^ string.quoted.double.dockerfile punctuation.definition.string.begin.dockerfile
#                                ^^^^^ string.quoted.double.dockerfile variable.other.dockerfile
#                                     ^ punctuation.definition.string.end.dockerfile
#                                       ^^^^ variable.other.env.dockerfile
#                                            ^^^^^^^^ string.quoted.single.dockerfile - variable.other.dockerfile
#                                                     ^ constant.character.escape.line-continuation.dockerfile
    EMPTY=
#   ^^^^^ meta.instruction.env.dockerfile variable.other.env.dockerfile
ENV LEGACY_FORM some value
#   ^^^^^^^^^^^ variable.other.env.dockerfile
#               ^^^^ - variable.other.env.dockerfile

ARG VERSION=1.2.3
#   ^^^^^^^ variable.other.arg.dockerfile
#          ^ keyword.operator.assignment.dockerfile
#           ^^^^^ string.unquoted.value.dockerfile
ARG BUILDPLATFORM
#   ^^^^^^^^^^^^^ variable.other.arg.dockerfile

LABEL org.opencontainers.image.source="https://example.com" "quoted.key"=v
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity.other.attribute-name.label.dockerfile
#                                    ^ keyword.operator.assignment.dockerfile
#                                     ^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.dockerfile
#                                                           ^^^^^^^^^^^^ entity.other.attribute-name.label.dockerfile

MAINTAINER someone@example.com
# <---------- keyword.other.special-method.dockerfile

EXPOSE 80/tcp 443 8000-8010/udp $PORT
#      ^^ constant.numeric.port.dockerfile
#        ^ punctuation.separator.protocol.dockerfile
#         ^^^ constant.language.protocol.dockerfile
#             ^^^ constant.numeric.port.dockerfile
#                 ^^^^^^^^^ constant.numeric.port.dockerfile
#                               ^^^^^ variable.other.dockerfile

STOPSIGNAL SIGTERM
#          ^^^^^^^ constant.language.signal.dockerfile

USER ${UID}:1000
# <---- keyword.other.special-method.dockerfile
#    ^^^^^^ variable.other.bracket.dockerfile

VOLUME ["/data", "/logs"]
#      ^ meta.exec-form.dockerfile punctuation.definition.array.begin.dockerfile
#       ^^^^^^^ string.quoted.double.dockerfile
#              ^ punctuation.separator.comma.dockerfile
#                       ^ punctuation.definition.array.end.dockerfile

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
#     ^ meta.exec-form.dockerfile
#                   ^^^^ string.quoted.double.dockerfile

CMD ["python3", "-m", \
# <--- keyword.other.special-method.dockerfile
#   ^ punctuation.definition.array.begin.dockerfile
#    ^^^^^^^^^ string.quoted.double.dockerfile
#                     ^ constant.character.escape.line-continuation.dockerfile
     "http.server"]
#    ^^^^^^^^^^^^^ meta.exec-form.dockerfile string.quoted.double.dockerfile
#                 ^ meta.exec-form.dockerfile punctuation.definition.array.end.dockerfile

ENTRYPOINT exec /usr/bin/app --flag
# <---------- keyword.other.special-method.dockerfile
#          ^^^^^^^^^^^^^^^^^^^^^^^^ meta.command.shell-form.plain.dockerfile meta.embedded.line.shellscript
#                            ^^^^^^ - entity.other.attribute-name.flag.dockerfile

HEALTHCHECK --interval=30s --timeout=5s --start-period=1m30s --retries=3 \
# <----------- keyword.other.special-method.dockerfile
#           ^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                      ^^^ constant.numeric.duration.dockerfile
#                                                      ^^^^^ constant.numeric.duration.dockerfile
#                                                                      ^ constant.numeric.integer.dockerfile
  CMD curl -f http://localhost/ || exit 1
# <~~--- meta.instruction.healthcheck.dockerfile keyword.other.special-method.dockerfile
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.embedded.line.shellscript
HEALTHCHECK NONE
#           ^^^^ constant.language.none.dockerfile

# line continuation: blank and comment lines inside are skipped by the builder
RUN apt-get update \
# <--- keyword.other.special-method.dockerfile
#                  ^ meta.line-continuation.dockerfile constant.character.escape.line-continuation.dockerfile

    # explain the next step
#   ^^^^^^^^^^^^^^^^^^^^^^^ meta.line-continuation.dockerfile comment.line.number-sign.dockerfile
    && apt-get install -y curl
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.instruction.run.dockerfile meta.embedded.line.shellscript - comment.line.number-sign.dockerfile
COPY . /app
# <---- meta.instruction.copy.dockerfile keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
