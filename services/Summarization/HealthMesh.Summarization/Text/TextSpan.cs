namespace HealthMesh.Summarization.Text;

/// <summary>A stretch of a source text; <see cref="Text"/> is exactly <c>source.Substring(Start, Length)</c>.</summary>
public readonly record struct TextSpan(int Start, int Length, string Text);
