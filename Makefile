# Convenience targets; each wraps a script under scripts/ that can also be run directly.
.PHONY: test bench agent

test:
	./scripts/test.sh

bench:
	dotnet run -c Release --project bench/Vetting.Bench -- --filter '*'

# NativeAOT single binary for the live image (needs clang: apt-get install -y clang).
agent:
	dotnet publish Vetting.Agent -c Release -r linux-x64 -p:PublishAot=true -o out/agent
