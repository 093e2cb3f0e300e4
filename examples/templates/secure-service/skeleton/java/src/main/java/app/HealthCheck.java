package app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's HEALTHCHECK: the distroless image has no shell or curl, so the service probes
 * itself. Exits 0 when GET /healthz answers 200, 1 otherwise.
 */
public final class HealthCheck {
  private HealthCheck() {}

  public static void main(String[] args) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + Main.listenPort() + "/healthz").toURL().openConnection();
      connection.setConnectTimeout(3000);
      connection.setReadTimeout(3000);
      int status = connection.getResponseCode();
      connection.disconnect();
      System.exit(status == 200 ? 0 : 1);
    } catch (IOException e) {
      System.err.println("healthcheck failed: " + e);
      System.exit(1);
    }
  }
}
