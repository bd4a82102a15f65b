namespace HealthMesh.Summarization.Coding;

/// <summary>How a mention is asserted. Only <see cref="Present"/> findings are coded or flagged.</summary>
public enum Assertion
{
    Present,
    Negated,
    Hypothetical,
    FamilyHistory,
    Historical,
}
