# Convenience targets; each wraps a script under scripts/ that can also be run directly.
.PHONY: run test bench demo agent orchestrator-linux test-install live-image live-image-test e2e e2e-matrix

run:
	./scripts/run.sh

test:
	./scripts/test.sh

bench:
	dotnet run -c Release --project bench/Vetting.Bench -- --filter '*'

demo:
	./scripts/demo.sh

# The orchestrator for a Debian/Ubuntu LXC: bin/vetting-linux-amd64/ holds the self-contained single-file
# `vetting` plus what must sit beside it (workflows/, appsettings.json, libe_sqlite3.so). deploy/install.sh
# installs that folder as /usr/local/lib/vetting/ (see docs/operations.md).
orchestrator-linux:
	./scripts/publish-orchestrator.sh bin/vetting-linux-amd64

# Runs deploy/install.sh into a temporary root and checks the files, owners and modes (as root; builds first).
test-install:
	./deploy/test-install.sh

# NativeAOT single binary for the live image (needs clang: apt-get install -y clang).
agent:
	dotnet publish Vetting.Agent -c Release -r linux-x64 -p:PublishAot=true -o out/agent

# Live image for PXE boot (root): vmlinuz, initrd.img, manifest.json into ./data/image (= pxe.image_dir by
# default). Needs the NativeAOT agent at out/agent/vetting-agent (`make agent`) or AGENT_BIN=...; see docs/live-image.md.
live-image:
	./deploy/live-image/build.sh

# Boots that image in QEMU (TCG) on an isolated netns network and waits for the agent's hello (root, <= 120 s).
live-image-test:
	./deploy/live-image/test-boot.sh

# End to end (root, <= 15 min): the real orchestrator (built here, supervising dnsmasq and iperf3 in a netns)
# vets a QEMU VM that PXE-boots the live image with the real agent; needs `make agent` and `make live-image`.
e2e:
	./deploy/live-image/test-e2e.sh

# The fault matrix (root): test-e2e.sh once per scenario (healthy BIOS and UEFI, CPU/memory/disk spec mismatches,
# wipe-probe refusal + override, I/O errors, a slow NIC, a VM killed mid-stage, a node that never boots), one VM
# at a time, then a table of scenario x expected x observed x seconds. SCENARIOS=, REPEAT=, STRESS_CPUS=: see the script.
e2e-matrix:
	./deploy/live-image/test-matrix.sh
