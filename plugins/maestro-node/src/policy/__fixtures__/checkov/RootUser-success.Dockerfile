FROM base

USER root
COPY test.sh /test.sh

USER checkov
