# SYNTAX TEST "source.dockerfile" "heredocs: RUN/COPY, <<-, quoted delimiters, several per line, python bodies"

RUN <<EOF
#   ^^ meta.heredoc.dockerfile keyword.operator.heredoc.dockerfile
#     ^^^ meta.heredoc.dockerfile keyword.control.heredoc-token.dockerfile
set -eux
# <-------- meta.heredoc.dockerfile meta.embedded.block.shellscript
apt-get update
if [ -n "$X" ]; then
  echo "--mount=type=cache is just text here"
#       ^^^^^^^ meta.embedded.block.shellscript - entity.other.attribute-name.flag.dockerfile
fi
# <-- meta.embedded.block.shellscript - keyword.control.heredoc-token.dockerfile
RUN not an instruction inside the body
# <--- meta.embedded.block.shellscript - keyword.other.special-method.dockerfile
EOF
# <--- meta.instruction.run.dockerfile meta.heredoc.dockerfile keyword.control.heredoc-token.dockerfile - meta.embedded.block.shellscript
RUN echo after
# <--- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile

RUN <<-EOT bash -x
#   ^^^ keyword.operator.heredoc.dockerfile
#      ^^^ keyword.control.heredoc-token.dockerfile
#          ^^^^^^^ meta.heredoc.dockerfile meta.embedded.line.shellscript
	echo indented
#	^^^^^^^^^^^^^ meta.embedded.block.shellscript
	EOT
#	^^^ keyword.control.heredoc-token.dockerfile

RUN <<"EOF"
#     ^ punctuation.definition.string.begin.dockerfile
#      ^^^ keyword.control.heredoc-token.dockerfile
#         ^ punctuation.definition.string.end.dockerfile
echo "$HOME stays literal"
# <---- meta.embedded.block.shellscript
EOF
# <--- keyword.control.heredoc-token.dockerfile

RUN <<'END_OF_SCRIPT'
#     ^ punctuation.definition.string.begin.dockerfile
#      ^^^^^^^^^^^^^ keyword.control.heredoc-token.dockerfile
EOF
# <--- meta.embedded.block.shellscript - keyword.control.heredoc-token.dockerfile
END_OF_SCRIPT
# <------------- keyword.control.heredoc-token.dockerfile

RUN python3 <<EOF
#   ^^^^^^^ meta.heredoc.dockerfile meta.embedded.line.shellscript
#           ^^ keyword.operator.heredoc.dockerfile
#             ^^^ keyword.control.heredoc-token.dockerfile
import sys
# <------ meta.heredoc.dockerfile meta.embedded.block.python - meta.embedded.block.shellscript
print(sys.version)  # a python comment
# <----- meta.embedded.block.python
EOF
# <--- keyword.control.heredoc-token.dockerfile - meta.embedded.block.python

RUN set -e; /usr/bin/python3 -u <<PY
#   ^^^^^^^^^^^^^^^^ meta.embedded.line.shellscript
#                    ^^^^^^^^^^ meta.heredoc.dockerfile meta.embedded.line.shellscript
#                               ^^ keyword.operator.heredoc.dockerfile
print("hi")
# <----- meta.embedded.block.python
PY
# <-- keyword.control.heredoc-token.dockerfile

RUN <<EOF
#!/usr/bin/env python3
# <---------------------- meta.embedded.block.python
print("shebang selects python")
# <----- meta.embedded.block.python
EOF

RUN <<FILE1 <<FILE2 cat >/tmp/out
#   ^^ keyword.operator.heredoc.dockerfile
#     ^^^^^ keyword.control.heredoc-token.dockerfile
#           ^^ keyword.operator.heredoc.dockerfile
#             ^^^^^ keyword.control.heredoc-token.dockerfile
#                   ^^^^^^^^^^^^^ meta.embedded.line.shellscript
first body
# <---------- meta.heredoc.dockerfile meta.embedded.block.shellscript
FILE1
# <----- keyword.control.heredoc-token.dockerfile
second body
# <----------- meta.heredoc.dockerfile meta.embedded.block.shellscript
FILE2
# <----- keyword.control.heredoc-token.dockerfile
RUN echo after two
# <--- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile

RUN <<A <<B <<C
#   ^^ keyword.operator.heredoc.dockerfile
#       ^^ keyword.operator.heredoc.dockerfile
#           ^^ keyword.operator.heredoc.dockerfile
#             ^ keyword.control.heredoc-token.dockerfile
a
A
# <- keyword.control.heredoc-token.dockerfile
b
# <- meta.embedded.block.shellscript
B
# <- keyword.control.heredoc-token.dockerfile
c
# <- meta.embedded.block.shellscript
C
# <- keyword.control.heredoc-token.dockerfile
WORKDIR /after/three
# <------- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile

COPY <<EOF /app/config.ini
#    ^^ meta.instruction.copy.dockerfile meta.heredoc.dockerfile keyword.operator.heredoc.dockerfile
#      ^^^ keyword.control.heredoc-token.dockerfile
#          ^^^^^^^^^^^^^^^ meta.heredoc.dockerfile - string.unquoted.heredoc.dockerfile
[server]
# <-------- meta.heredoc.dockerfile string.unquoted.heredoc.dockerfile
port = 8080
# <----------- string.unquoted.heredoc.dockerfile
EOF
# <--- keyword.control.heredoc-token.dockerfile - string.unquoted.heredoc.dockerfile

COPY --chmod=755 <<-"EOT" <<EOT2 /usr/local/bin/
#    ^^^^^^^ entity.other.attribute-name.flag.dockerfile
#                ^^^ keyword.operator.heredoc.dockerfile
#                    ^^^ keyword.control.heredoc-token.dockerfile
#                         ^^ keyword.operator.heredoc.dockerfile
#                           ^^^^ keyword.control.heredoc-token.dockerfile
	#!/bin/sh
#	^^^^^^^^^ string.unquoted.heredoc.dockerfile
	EOT
#	^^^ keyword.control.heredoc-token.dockerfile
second file
# <----------- string.unquoted.heredoc.dockerfile
EOT2
# <---- keyword.control.heredoc-token.dockerfile

ADD <<EOF /etc/motd
hello
# <----- string.unquoted.heredoc.dockerfile
EOF

# not heredocs
RUN cat <<<"here-string" && echo $((1<<4)) && cat<<NOPE
#       ^^^^^^^^^^^^^^^^ meta.embedded.line.shellscript - keyword.operator.heredoc.dockerfile
#                                     ^^ - keyword.operator.heredoc.dockerfile
#                                                ^^^^^^ - keyword.control.heredoc-token.dockerfile
ENV AFTER=1
# <--- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile
