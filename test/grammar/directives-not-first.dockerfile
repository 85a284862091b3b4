# SYNTAX TEST "source.dockerfile" "unknown directives, indented ones and comments before them stop directive parsing"
# unknown=directive
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
# syntax=docker/dockerfile:1
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
