package app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP service on the JDK's own com.sun.net.httpserver: no dependencies to patch. GET / answers
 * who it is, /healthz that the process is alive, /readyz that it takes traffic (false while
 * shutting down, so the load balancer drains it).
 */
public final class Main {
  static final String SERVICE_NAME = "${{ values.name }}";

  private Main() {}

  static int listenPort() {
    String port = System.getenv("PORT");
    if (port == null || port.isBlank()) {
      port = "${{ values.port }}";
    }
    return port.isBlank() ? 8080 : Integer.parseInt(port.trim());
  }

  static HttpServer createServer(int port, AtomicBoolean ready) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
              send(exchange, 405, "{\"error\":\"method not allowed\"}");
              return;
            }
            switch (exchange.getRequestURI().getPath()) {
              case "/healthz" -> send(exchange, 200, "{\"status\":\"ok\"}");
              case "/readyz" ->
                  send(exchange, ready.get() ? 200 : 503, "{\"ready\":" + ready.get() + "}");
              case "/" ->
                  send(
                      exchange,
                      200,
                      "{\"service\":\""
                          + SERVICE_NAME
                          + "\",\"message\":\"Hello from "
                          + SERVICE_NAME
                          + "\"}");
              default -> send(exchange, 404, "{\"error\":\"not found\"}");
            }
          }
        });
    return server;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    AtomicBoolean ready = new AtomicBoolean(false);
    ExecutorService executor = Executors.newCachedThreadPool();
    HttpServer server = createServer(listenPort(), ready);
    server.setExecutor(executor);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ready.set(false);
                  server.stop(5);
                  executor.shutdown();
                }));
    server.start();
    ready.set(true);
    System.out.println(SERVICE_NAME + " listening on port " + server.getAddress().getPort());
  }
}
