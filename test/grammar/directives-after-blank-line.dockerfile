# SYNTAX TEST "source.dockerfile" "a blank line ends the directives"
# syntax=docker/dockerfile:1
# <- meta.directive.dockerfile

# check=error=true
# <- comment.line.number-sign.dockerfile - meta.directive.dockerfile
