# SYNTAX TEST "source.dockerfile" "instruction flags: RUN --mount/--network/--security, FROM --platform, COPY/ADD flags"

FROM --platform=$BUILDPLATFORM golang:1.22 AS builder
#    ^^^^^^^^^^ meta.instruction.from.dockerfile entity.other.attribute-name.flag.dockerfile
#    ^^ punctuation.definition.flag.dockerfile
#              ^ keyword.operator.assignment.dockerfile
#               ^ string.unquoted.flag-value.dockerfile variable.other.dockerfile punctuation.definition.variable.dockerfile
#                ^^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile variable.other.dockerfile
#                              ^^^^^^ entity.name.type.image.dockerfile - entity.other.attribute-name.flag.dockerfile

RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked pip install -r requirements.txt
#   ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#          ^ keyword.operator.assignment.dockerfile
#           ^^^^ meta.mount-options.dockerfile entity.other.attribute-name.mount.dockerfile
#               ^ meta.mount-options.dockerfile keyword.operator.assignment.dockerfile
#                ^^^^^ meta.mount-options.dockerfile constant.language.mount-type.dockerfile
#                     ^ punctuation.separator.comma.dockerfile
#                      ^^^^^^ entity.other.attribute-name.mount.dockerfile
#                            ^ keyword.operator.assignment.dockerfile
#                             ^^^^^^^^^^^^^^^^ string.unquoted.mount-value.dockerfile
#                                              ^^^^^^^ entity.other.attribute-name.mount.dockerfile
#                                                      ^^^^^^ constant.language.mount-sharing.dockerfile
#                                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.command.shell-form.run.dockerfile meta.embedded.line.shellscript

RUN --mount=type=bind,from=builder,source=/out,target=/in,ro \
#                     ^^^^ entity.other.attribute-name.mount.dockerfile
#                          ^^^^^^^ entity.name.function.stage.dockerfile
#                                  ^^^^^^ entity.other.attribute-name.mount.dockerfile
#                                         ^^^^ string.unquoted.mount-value.dockerfile
#                                                         ^^ entity.other.attribute-name.mount.dockerfile
#                                                            ^ constant.character.escape.line-continuation.dockerfile
    --mount=type=secret,id=npmrc,required=true,mode=0400,uid=1000 \
#   ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                ^^^^^^ constant.language.mount-type.dockerfile
#                                ^^^^^^^^ entity.other.attribute-name.mount.dockerfile
#                                         ^^^^ constant.language.boolean.dockerfile
#                                                   ^^^^ constant.numeric.integer.dockerfile
#                                                            ^^^^ constant.numeric.integer.dockerfile
    --mount=type=tmpfs,target=/tmp,size=64m \
#                ^^^^^ constant.language.mount-type.dockerfile
#                                  ^^^^ entity.other.attribute-name.mount.dockerfile
#                                       ^^^ string.unquoted.mount-value.dockerfile
    --mount=type=ssh \
#                ^^^ constant.language.mount-type.dockerfile
    --network=none \
#   ^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#             ^^^^ string.unquoted.flag-value.dockerfile constant.language.network.dockerfile
    --security=insecure \
#   ^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#              ^^^^^^^^ constant.language.security.dockerfile
    make build --mount=not-a-flag --network=host
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.command.shell-form.run.dockerfile meta.embedded.line.shellscript
#              ^^^^^^^ - entity.other.attribute-name.flag.dockerfile
#                      ^^^^^^^^^^ - meta.mount-options.dockerfile
#                                           ^^^^ - constant.language.network.dockerfile

RUN --mount="type=cache,target=/var/cache/apt" apt-get update
#           ^ meta.mount-options.dockerfile punctuation.definition.string.dockerfile
#            ^^^^ entity.other.attribute-name.mount.dockerfile
#                 ^^^^^ constant.language.mount-type.dockerfile
#                                            ^ punctuation.definition.string.dockerfile

RUN echo --mount=type=cache,target=/x
#        ^^^^^^^ meta.embedded.line.shellscript - entity.other.attribute-name.flag.dockerfile
#                ^^^^ - entity.other.attribute-name.mount.dockerfile

COPY --from=builder --chown=1000:1000 --chmod=755 --link --parents --exclude=*.md src/ /app/
#    ^^^^^^ entity.other.attribute-name.flag.dockerfile
#           ^^^^^^^ string.unquoted.flag-value.dockerfile entity.name.function.stage.dockerfile
#                   ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                           ^^^^^^^^^ string.unquoted.flag-value.dockerfile
#                                     ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                                             ^^^ constant.numeric.octal.dockerfile
#                                                 ^^^^^^ entity.other.attribute-name.flag.dockerfile
#                                                        ^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                                                                  ^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                                                                            ^^^^ string.unquoted.flag-value.dockerfile
#                                                                                 ^^^^^^^^^^ - entity.other.attribute-name.flag.dockerfile
COPY --link=false --chmod=u+rwx,g+rx --chown=${UID}:${GID} a b
#           ^^^^^ constant.language.boolean.dockerfile
#                         ^^^^^^^^^^ string.unquoted.flag-value.dockerfile - constant.numeric.octal.dockerfile
#                                            ^^^^^^ variable.other.bracket.dockerfile

ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --keep-git-dir=true https://example.com/a.tar.gz /
#   ^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile
#                                                                                      ^^^^^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                                                                                                     ^^^^ constant.language.boolean.dockerfile
ADD --keep-git-dir git@github.com:moby/buildkit.git /src
#   ^^^^^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile
