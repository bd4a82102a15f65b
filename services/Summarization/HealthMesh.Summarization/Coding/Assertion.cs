namespace HealthMesh.Summarization.Coding;

/// <summary>How a mention is asserted. Only <see cref="Present"/> findings are coded or flagged.</summary>
public enum Assertion
{
    Present,
    Negated,
    /// <summary>Not asserted as a fact: to be ruled out, or what would happen if ("return if chest pain recurs").</summary>
    Hypothetical,

    /// <summary>Asserted with doubt ("possible early infiltrate", "pneumonia cannot be excluded"); outpatient coding leaves it out.</summary>
    Uncertain,
    FamilyHistory,
    Historical,
}
