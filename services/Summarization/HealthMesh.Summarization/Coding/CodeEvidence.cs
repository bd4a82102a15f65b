using HealthMesh.Contracts;

namespace HealthMesh.Summarization.Coding;

/// <summary>One reason to propose a code: where it was seen, how sure that kind of evidence is, and which rule saw it.</summary>
public sealed record CodeEvidence(string Code, Evidence Evidence, double Confidence, string Rule);
