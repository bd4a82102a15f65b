using System.Text.Json;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthMesh.EhrSandbox.Resources;

/// <summary>Strict FHIR JSON parsing that turns every problem into a 400 <see cref="OperationOutcome"/> saying what is wrong.</summary>
public static class FhirResourceParser
{
    public static Resource Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw FhirInteractionException.BadRequest("The request body is empty; a FHIR resource (application/fhir+json) is required.", OperationOutcome.IssueType.Required);
        }

        try
        {
            return FhirJson.Parse(json);
        }
        catch (DeserializationFailedException e)
        {
            var outcome = e.ToOperationOutcome();
            throw new FhirInteractionException(System.Net.HttpStatusCode.BadRequest, outcome);
        }
        catch (JsonException e)
        {
            throw FhirInteractionException.BadRequest($"The body is not valid FHIR JSON: {e.Message}", OperationOutcome.IssueType.Structure);
        }
    }

    public static T Parse<T>(string json) where T : Resource =>
        Parse(json) as T ?? throw FhirInteractionException.BadRequest($"Expected a {typeof(T).Name} resource.");
}
