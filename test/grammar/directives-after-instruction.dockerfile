# SYNTAX TEST "source.dockerfile" "a directive after an instruction is a plain comment"
FROM alpine
# syntax=docker/dockerfile:1
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
# ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.dockerfile - keyword.other.directive.dockerfile
# escape=`
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
RUN echo a \
# <--- keyword.other.special-method.dockerfile - meta.escape-backtick.dockerfile
#          ^ constant.character.escape.line-continuation.dockerfile
    b
# <~~~~- meta.instruction.run.dockerfile meta.embedded.line.shellscript
