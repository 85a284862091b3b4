# SYNTAX TEST "source.dockerfile" "a directive must start in column 0"
  # syntax=docker/dockerfile:1
# <~~- comment.line.number-sign.dockerfile - meta.directive.dockerfile
