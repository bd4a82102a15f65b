namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <param name="Kind">NAME, DATE, AGE90, PHONE, FAX, EMAIL, SSN, MRN, HEALTHPLAN, ACCOUNT, LICENSE, VEHICLE, DEVICE, URL, IP, ADDRESS, ZIP or OTHERID.</param>
/// <param name="Text">The labelled characters, so a label that drifts from its note is caught.</param>
public sealed record PhiLabel(int Start, int Length, string Kind, string Text);
