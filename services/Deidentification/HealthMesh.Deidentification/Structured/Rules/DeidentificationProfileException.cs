namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>
/// A de-identification profile cannot be used: a rule's path is not FHIRPath, its method is unknown, its settings are
/// wrong, or it selected an element its method cannot process. Thrown at start-up (or while a resource is processed,
/// for the last case), naming the rule; never quotes element values.
/// </summary>
public sealed class DeidentificationProfileException(int ruleNumber, string? path, string? method, string reason)
    : Exception($"De-identification profile rule {ruleNumber} (path '{path}', method '{method}'): {reason}")
{
    /// <summary>1-based position of the rule in the profile.</summary>
    public int RuleNumber { get; } = ruleNumber;

    public string? Path { get; } = path;

    public string? Method { get; } = method;

    public string Reason { get; } = reason;
}
