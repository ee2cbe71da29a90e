namespace Vetting.Activities.Specs;

internal readonly record struct ParsedMatcher(Matcher Matcher, string Severity);
