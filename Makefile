# Convenience targets; each wraps a script under scripts/ that can also be run directly.
.PHONY: run test bench live-image live-image-test

run:
	./scripts/run.sh

test:
	./scripts/test.sh

bench:
	dotnet run -c Release --project bench/Vetting.Bench -- --filter '*'

# Live image for PXE boot (root): vmlinuz, initrd.img, manifest.json into ./data/image (= pxe.image_dir by
# default). Needs the NativeAOT agent at out/agent/vetting-agent (`make agent`) or AGENT_BIN=...; see docs/live-image.md.
live-image:
	./deploy/live-image/build.sh

# Boots that image in QEMU (TCG) on an isolated netns network and waits for the agent's hello (root, <= 120 s).
live-image-test:
	./deploy/live-image/test-boot.sh
