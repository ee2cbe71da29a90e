// The agent runs in a Linux live image; its tests check Unix file modes, /proc and /sys shapes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
