package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func TestEndpoints(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	server := httptest.NewServer(newHandler(&ready))
	defer server.Close()

	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/": 200, "/nope": 404} {
		res, err := http.Get(server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %s: got %d, want %d", path, res.StatusCode, want)
		}
	}

	res, err := http.Get(server.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]string
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body["service"] != serviceName {
		t.Errorf("service = %q, want %q", body["service"], serviceName)
	}
}

func TestNotReadyWhileShuttingDown(t *testing.T) {
	var ready atomic.Bool
	server := httptest.NewServer(newHandler(&ready))
	defer server.Close()
	res, err := http.Get(server.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz: got %d, want 503", res.StatusCode)
	}
}
