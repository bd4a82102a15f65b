using System.Text;
using System.Xml;
using HealthMesh.EhrSandbox.Resources;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthMesh.EhrSandbox.Interactions;

/// <summary>FHIR XML for clients that ask for it (JSON stays the sandbox's native format and what it stores).</summary>
public static class FhirXml
{
    private static readonly BaseFhirXmlDeserializer Deserializer = new(ModelInfo.ModelInspector);
    private static readonly BaseFhirXmlSerializer Serializer = new(ModelInfo.ModelInspector);

    public static Resource Parse(string xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            throw FhirInteractionException.BadRequest("The request body is empty; a FHIR resource is required.", OperationOutcome.IssueType.Required);
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            return Deserializer.TryDeserializeResource(reader, out var resource, out var issues) && resource is not null
                ? resource
                : throw new FhirInteractionException(System.Net.HttpStatusCode.BadRequest, new DeserializationFailedException(resource, issues).ToOperationOutcome());
        }
        catch (XmlException e)
        {
            throw FhirInteractionException.BadRequest($"The body is not well-formed XML: {e.Message}", OperationOutcome.IssueType.Structure);
        }
    }

    public static string Serialize(Resource resource)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            Serializer.Serialize(resource, writer);
        }

        return text.ToString();
    }
}
