# SYNTAX TEST "source.dockerfile" "inline ignore comments for size-hints and hadolint"
# size-hints ignore-file=apt-lists-kept
# <- comment.line.number-sign.dockerfile punctuation.definition.comment.dockerfile - meta.directive.dockerfile
# ^^^^^^^^^^ comment.line.number-sign.dockerfile meta.ignore.size-hints.dockerfile keyword.other.tool.size-hints.dockerfile
#            ^^^^^^^^^^^ keyword.other.ignore.size-hints.dockerfile
#                       ^ keyword.operator.assignment.dockerfile
#                        ^^^^^^^^^^^^^^ comment.line.number-sign.dockerfile constant.other.rule-id.size-hints.dockerfile
FROM debian:12
# size-hints ignore=apt-lists-kept,pip-cache-kept
# ^^^^^^^^^^ keyword.other.tool.size-hints.dockerfile
#            ^^^^^^ keyword.other.ignore.size-hints.dockerfile
#                  ^ keyword.operator.assignment.dockerfile
#                   ^^^^^^^^^^^^^^ constant.other.rule-id.size-hints.dockerfile
#                                 ^ punctuation.separator.comma.dockerfile
#                                  ^^^^^^^^^^^^^^ constant.other.rule-id.size-hints.dockerfile
RUN apt-get update && apt-get install -y curl
  #size-hints   ignore = layer-too-big , pip-cache-kept  -- reason text
# <~~- comment.line.number-sign.dockerfile punctuation.definition.comment.dockerfile
#  ^^^^^^^^^^ keyword.other.tool.size-hints.dockerfile
#               ^^^^^^ keyword.other.ignore.size-hints.dockerfile
#                      ^ keyword.operator.assignment.dockerfile
#                        ^^^^^^^^^^^^^ constant.other.rule-id.size-hints.dockerfile
#                                      ^ punctuation.separator.comma.dockerfile
#                                        ^^^^^^^^^^^^^^ constant.other.rule-id.size-hints.dockerfile
#                                                        ^^^^^^^^^^^^^^ comment.line.number-sign.dockerfile - constant.other.rule-id.size-hints.dockerfile
# hadolint ignore=DL3009,DL3015
# ^^^^^^^^ comment.line.number-sign.dockerfile meta.ignore.hadolint.dockerfile keyword.other.tool.hadolint.dockerfile
#          ^^^^^^ keyword.other.ignore.hadolint.dockerfile
#                ^ keyword.operator.assignment.dockerfile
#                 ^^^^^^ constant.other.rule-id.hadolint.dockerfile
#                       ^ punctuation.separator.comma.dockerfile
#                        ^^^^^^ constant.other.rule-id.hadolint.dockerfile
RUN apt-get install -y --no-install-recommends \
    # hadolint ignore=DL3008
#     ^^^^^^^^ meta.line-continuation.dockerfile keyword.other.tool.hadolint.dockerfile
#                     ^^^^^^ constant.other.rule-id.hadolint.dockerfile
    curl
# hadolint global ignore=DL3006
#          ^^^^^^ keyword.other.global.hadolint.dockerfile
#                 ^^^^^^ keyword.other.ignore.hadolint.dockerfile
#                        ^^^^^^ constant.other.rule-id.hadolint.dockerfile
# size-hints is great, ignore=this is prose
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.dockerfile - keyword.other.ignore.size-hints.dockerfile constant.other.rule-id.size-hints.dockerfile
# size-hints ignore=
#            ^^^^^^ comment.line.number-sign.dockerfile - keyword.other.ignore.size-hints.dockerfile
RUN echo "# size-hints ignore=not-a-comment"
#          ^^^^^^^^^^ - keyword.other.tool.size-hints.dockerfile
