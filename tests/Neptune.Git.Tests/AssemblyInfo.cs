using System.Runtime.Versioning;

// The tests run git through bash scripts and watch processes through /proc.
[assembly: UnsupportedOSPlatform("windows")]
