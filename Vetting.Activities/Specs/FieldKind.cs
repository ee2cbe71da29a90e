namespace Vetting.Activities.Specs;

/// <summary>What a spec field accepts, and so which matchers and error messages apply.</summary>
internal enum FieldKind
{
    Text,

    /// <summary>Text compared in lower-case colon form whatever spelling either side uses.</summary>
    Mac,

    /// <summary>A whole number of 0 or more (counts, cores, speeds).</summary>
    Integer,

    Number,

    Boolean,

    /// <summary>A list of names that must all be present.</summary>
    Flags,
}
