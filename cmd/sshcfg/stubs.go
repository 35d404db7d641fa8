package main

import "github.com/spf13/cobra"

func explainCmd(g *globals) *cobra.Command { return &cobra.Command{Use: "explain"} }
func hostsCmd(g *globals) *cobra.Command   { return &cobra.Command{Use: "hosts"} }
func fmtCmd(g *globals) *cobra.Command     { return &cobra.Command{Use: "fmt"} }
