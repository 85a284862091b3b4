FROM node:lts
RUN corepack enable
USER node
