FROM base

USER root
