namespace HealthMesh.Contracts;

/// <param name="Rule">What produced the code (e.g. <c>condition-resource</c>, <c>text-dictionary</c>).</param>
public sealed record ProposedCode(
    string System,
    string Code,
    string Display,
    double Confidence,
    string Rule,
    IReadOnlyList<Evidence> Evidence);
