using System.Text.Json;
using HealthMesh.Deidentification.Engine;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// Replaces a value by its keyed pseudonym (HMAC-SHA256 under the service key): the same value always gets the same
/// pseudonym, so links survive. What the value is follows from where it stands: a resource id becomes an id unique per
/// type, a <c>Reference.reference</c> becomes <c>Type/pseudonym</c> (so it still resolves to the pseudonymised
/// resource; local and <c>urn:</c> references stay), anything else is pseudonymised as an identifier value.
/// </summary>
public sealed class PseudonymProcessor : IElementProcessor
{
    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings) => RuleSettings.Unknown(settings);

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings)
    {
        if (element.Element is not PrimitiveType primitive || primitive.JsonValue is not string value || element.Element is XHtml or Markdown)
        {
            if (element.Element is PrimitiveType { JsonValue: null })
            {
                return ProcessResult.Unchanged;
            }

            throw new UnsupportedElementException(element.Element.TypeName);
        }

        var session = element.Session;
        string pseudonym;
        switch (element.Parent)
        {
            case ResourceReference when element.Name == "reference":
                pseudonym = session.PseudonymiseReference(value)
                    ?? throw new ClinicalContextRejectedException("A Reference.reference is neither a local, a urn: nor a Type/id reference.");
                break;
            case Resource owner when element.Name == "id":
                pseudonym = session.PseudonymiseResourceId(owner.TypeName, value);
                break;
            default:
                pseudonym = session.PseudonymiseIdentifier(value);
                break;
        }

        if (pseudonym == value)
        {
            return ProcessResult.Unchanged;
        }

        primitive.JsonValue = pseudonym;
        return ProcessResult.Of(ResourceChanges.Pseudonymized);
    }
}
