namespace HealthMesh.Deidentification.FreeText;

/// <summary>What PHI found in free text is replaced by.</summary>
public enum FreeTextReplacement
{
    /// <summary>Consistent surrogates (names, identifiers, shifted dates...), put back by write-back from the vault.</summary>
    Surrogates,

    /// <summary>Tags such as <c>[NAME]</c>, <c>[DATE]</c>, <c>[PHONE]</c>: nothing to re-identify from, so nothing goes to the vault.</summary>
    Tags,
}
