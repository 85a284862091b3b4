# SYNTAX TEST "source.dockerfile" "# escape=` makes the backtick the line-continuation character"
# escape=`
# <- meta.directive.dockerfile
# ^^^^^^ keyword.other.directive.dockerfile
#        ^ string.unquoted.directive-value.dockerfile
# syntax=docker/dockerfile:1
# <- meta.directive.dockerfile
# ^^^^^^ keyword.other.directive.dockerfile
FROM mcr.microsoft.com/windows/servercore:ltsc2022
# <---- meta.escape-backtick.dockerfile keyword.other.special-method.dockerfile
# syntax=not-a-directive-any-more
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
WORKDIR C:\app\
#              ^ - constant.character.escape.line-continuation.dockerfile
COPY . C:\app\
# <---- keyword.other.special-method.dockerfile - meta.instruction.other.dockerfile
#             ^ - constant.character.escape.line-continuation.dockerfile
RUN powershell -Command `
#                       ^ constant.character.escape.line-continuation.dockerfile
#   ^^^^^^^^^^^^^^^^^^^ meta.embedded.line.shellscript
    $ErrorActionPreference = 'Stop'; `
#                                    ^ constant.character.escape.line-continuation.dockerfile
    # a comment inside the continuation
#   ^ comment.line.number-sign.dockerfile
    Write-Host done
#   ^^^^^^^^^^^^^^^ meta.instruction.run.dockerfile meta.embedded.line.shellscript
ENV A=1 `
#       ^ constant.character.escape.line-continuation.dockerfile
    B=2
#   ^ meta.instruction.env.dockerfile variable.other.env.dockerfile
CMD ["a", `
#         ^ constant.character.escape.line-continuation.dockerfile
     "b"]
#    ^^^ meta.exec-form.dockerfile string.quoted.double.dockerfile
USER app
# <---- keyword.other.special-method.dockerfile - meta.instruction.cmd.dockerfile
