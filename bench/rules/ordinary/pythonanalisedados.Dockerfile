FROM jupyter/minimal-notebook

COPY ./requirements.txt /tmp/requirements.txt