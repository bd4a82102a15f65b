namespace HealthMesh.Summarization.Coding;

/// <summary>The rule names written into <c>ProposedCode.Rule</c>, with the confidence each kind of evidence earns.</summary>
public static class KnownCodingRules
{
    /// <summary>An ICD-10-CM coding on an active, confirmed Condition.</summary>
    public const string ConditionResource = "condition-resource";

    /// <summary>A Condition without an ICD-10-CM coding whose text is a dictionary term.</summary>
    public const string ConditionText = "condition-text";

    /// <summary>
    /// A Condition with neither an ICD-10-CM coding nor a dictionary term for its text, whose text the embedding model
    /// finds near a code's description or term (at or above the configured similarity).
    /// </summary>
    public const string ConditionEmbedding = "condition-embedding";

    /// <summary>A present, patient-related dictionary term in an assessment or impression sentence.</summary>
    public const string AssessmentText = "assessment-text";

    /// <summary>A present, patient-related dictionary term anywhere else in the notes.</summary>
    public const string TextDictionary = "text-dictionary";

    /// <summary>A combination code ICD-10-CM presumes from two proposed codes (hypertension with chronic kidney disease).</summary>
    public const string Combination = "combination";

    public static double Confidence(string rule) => rule switch
    {
        ConditionResource => 0.95,
        ConditionText => 0.85,
        AssessmentText => 0.8,
        ConditionEmbedding => 0.7,
        Combination => 0.75,
        _ => 0.65,
    };
}
