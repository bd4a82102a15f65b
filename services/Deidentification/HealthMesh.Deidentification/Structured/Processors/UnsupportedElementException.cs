namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>A rule selected an element its method cannot process; the engine turns it into a profile error naming the rule.</summary>
public sealed class UnsupportedElementException(string elementType) : Exception($"it selected a '{elementType}' element, which the method cannot process")
{
    public string ElementType { get; } = elementType;
}
