using System.Collections;
using HealthMesh.Deidentification.Engine;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>An element a rule selected: the element, where it sits, and the session de-identifying its Bundle.</summary>
public sealed class ElementContext(Base element, Base? parent, string name, Resource resource, DeidentificationSession session, int? referenceYear)
{
    public Base Element { get; } = element;

    /// <summary>The element that holds it, null for a resource itself.</summary>
    public Base? Parent { get; } = parent;

    /// <summary>Its element name in <see cref="Parent"/> (<c>value</c> for <c>value[x]</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The resource being processed (a contained resource when the element is inside one).</summary>
    public Resource Resource { get; } = resource;

    public DeidentificationSession Session { get; } = session;

    /// <summary>The year of the event the record is about, for the 90+ age rule; null when unknown.</summary>
    public int? ReferenceYear { get; } = referenceYear;

    /// <summary>Takes the element out of its parent (out of the list, for a repeating element).</summary>
    public void Remove()
    {
        if (Parent is null)
        {
            throw new UnsupportedElementException(Element.TypeName);
        }

        if (Parent.TryGetValue(Name, out var value) && value is IList list)
        {
            list.Remove(Element);
        }
        else
        {
            Parent.SetValue(Name, null);
        }
    }
}
