# Convenience targets; each wraps a script under scripts/ that can also be run directly.
.PHONY: run test bench demo

run:
	./scripts/run.sh

test:
	./scripts/test.sh

bench:
	dotnet run -c Release --project bench/Vetting.Bench -- --filter '*'

demo:
	./scripts/demo.sh
