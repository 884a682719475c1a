package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "你好, Docker")
	})
	// 本地能访问，容器里就不行了
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))
}
