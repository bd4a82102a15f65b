using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Selection;

/// <summary>An element a rule's path selected, with the element that holds it (null for the resource) and its name there.</summary>
public readonly record struct SelectedElement(Base Element, Base? Parent, string Name);
