namespace Vetting.Activities.Specs;

/// <summary>The expected spec was refused; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class SpecValidationException : Exception
{
    public SpecValidationException(IReadOnlyList<SpecError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public IReadOnlyList<SpecError> Errors { get; }
}
