FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY cypher ./cypher
RUN pip install --no-cache-dir .
ENV TIPGRAPH_CYPHER_DIR=/app/cypher
EXPOSE 8000
CMD ["uvicorn", "api.app:app_from_environment", "--factory", "--host", "0.0.0.0", "--port", "8000"]
