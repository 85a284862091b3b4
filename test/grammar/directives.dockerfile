# SYNTAX TEST "source.dockerfile" "parser directives at the top of the file (the header line is not part of the tokenized text)"
# syntax=docker/dockerfile:1.7
# <- meta.directive.dockerfile punctuation.definition.directive.dockerfile
# ^^^^^^ meta.directive.dockerfile keyword.other.directive.dockerfile
#       ^ keyword.operator.assignment.dockerfile
#        ^^^^^^^^^^^^^^^^^^^^ string.unquoted.directive-value.dockerfile
#^^^^^^^^^^^^^^^^^^^^^^^^^^^^ - comment.line.number-sign.dockerfile
#check = skip=JSONArgsRecommended,StageNameCasing;error=true
# <- meta.directive.dockerfile
#^^^^^ keyword.other.directive.dockerfile
#      ^ keyword.operator.assignment.dockerfile
#        ^^^^ string.unquoted.directive-value.dockerfile entity.other.attribute-name.check.dockerfile
#             ^^^^^^^^^^^^^^^^^^^ string.unquoted.directive-value.dockerfile
#                                ^ punctuation.separator.comma.dockerfile
#                                                ^ punctuation.separator.semicolon.dockerfile
#                                                 ^^^^^ entity.other.attribute-name.check.dockerfile
# ESCAPE=\
# ^^^^^^ meta.directive.dockerfile keyword.other.directive.dockerfile
#        ^ string.unquoted.directive-value.dockerfile
# a normal comment ends the directives
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
# syntax=docker/dockerfile:1
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
# ^^^^^^ comment.line.number-sign.dockerfile - keyword.other.directive.dockerfile
FROM alpine
# syntax=docker/dockerfile:1
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
#        ^^^^^^^^^^^^^^^^^^^ - string.unquoted.directive-value.dockerfile
