// Command ${{ values.name }} is an HTTP service on Go's standard library: no
// dependencies to patch. GET / answers who it is, /healthz that the process is
// alive, /readyz that it takes traffic (false while shutting down, so the load
// balancer drains it).
//
// "server healthcheck" is the container's HEALTHCHECK: the distroless image
// has no shell or curl, so the binary probes itself.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

const serviceName = "${{ values.name }}"

func listenPort() string {
	if port := os.Getenv("PORT"); port != "" {
		return port
	}
	if port := "${{ values.port }}"; port != "" {
		return port
	}
	return "8080"
}

func newHandler(ready *atomic.Bool) http.Handler {
	send := func(w http.ResponseWriter, status int, body any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			send(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		switch r.URL.Path {
		case "/healthz":
			send(w, http.StatusOK, map[string]string{"status": "ok"})
		case "/readyz":
			status := http.StatusOK
			if !ready.Load() {
				status = http.StatusServiceUnavailable
			}
			send(w, status, map[string]bool{"ready": ready.Load()})
		case "/":
			send(w, http.StatusOK, map[string]string{
				"service": serviceName,
				"message": "Hello from " + serviceName,
			})
		default:
			send(w, http.StatusNotFound, map[string]string{"error": "not found"})
		}
	})
}

func healthcheck() int {
	client := http.Client{Timeout: 3 * time.Second}
	res, err := client.Get("http://127.0.0.1:" + listenPort() + "/healthz")
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck failed:", err)
		return 1
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthcheck failed: status", res.StatusCode)
		return 1
	}
	return 0
}

func serve() error {
	var ready atomic.Bool
	server := &http.Server{
		Addr:              ":" + listenPort(),
		Handler:           newHandler(&ready),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		ready.Store(false)
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
	}()
	ready.Store(true)
	log.Printf("%s listening on port %s", serviceName, listenPort())
	if err := server.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		os.Exit(healthcheck())
	}
	if err := serve(); err != nil {
		log.Fatal(err)
	}
}
