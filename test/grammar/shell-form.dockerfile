# SYNTAX TEST "source.dockerfile" "shell form vs exec form; embedded shell never leaks past the instruction"
RUN ["/bin/sh", "-c", "echo exec form"]
#   ^ meta.instruction.run.dockerfile meta.exec-form.dockerfile punctuation.definition.array.begin.dockerfile
#    ^^^^^^^^^ string.quoted.double.dockerfile - meta.embedded.line.shellscript
RUN --network=host ["/bin/true"]
#                  ^ meta.exec-form.dockerfile
RUN echo "it's an unterminated quote
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.command.shell-form.run.dockerfile meta.embedded.line.shellscript
COPY a b
# <---- keyword.other.special-method.dockerfile - meta.embedded.line.shellscript string.quoted.double.dockerfile
RUN X=`uname -m`
#     ^^^^^^^^^^ meta.embedded.line.shellscript - constant.character.escape.line-continuation.dockerfile
WORKDIR /app
# <------- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
RUN if [ -f /etc/os-release ]; then \
#      ^ meta.embedded.line.shellscript - meta.exec-form.dockerfile
      [ -d /tmp ] && echo ok; \
#     ^ meta.embedded.line.shellscript - meta.exec-form.dockerfile
    fi
#   ^^ meta.instruction.run.dockerfile meta.embedded.line.shellscript
CMD echo "shell form" && exec app
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.command.shell-form.plain.dockerfile meta.embedded.line.shellscript
ENTRYPOINT ["/entrypoint.sh"]
#          ^ meta.exec-form.dockerfile - meta.embedded.line.shellscript
