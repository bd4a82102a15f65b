using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthMesh.ServiceDefaults.Fhir;

/// <summary>
/// Firely SDK XML reading and writing shared by every service, the XML twin of <see cref="FhirJson"/>. Input is read
/// with DTDs prohibited and no resolver: a FHIR body never needs them, and they are the way to entity-expansion and
/// external-entity attacks.
/// </summary>
public static class FhirXml
{
    private static readonly BaseFhirXmlDeserializer Deserializer = new(ModelInfo.ModelInspector);

    private static readonly BaseFhirXmlSerializer Serializer = new(ModelInfo.ModelInspector);

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    /// <exception cref="DeserializationFailedException">Not a valid FHIR R4 resource.</exception>
    /// <exception cref="XmlException">Not well-formed XML (or it declares a DTD).</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Xml) where T : Resource
    {
        using var stream = new MemoryStream(utf8Xml.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, ReaderSettings);
        var resource = Deserializer.DeserializeResource(reader);
        return resource as T ?? throw new DeserializationFailedException(resource, []);
    }

    public static T Parse<T>(string xml) where T : Resource => Parse<T>(System.Text.Encoding.UTF8.GetBytes(xml));

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource, pretty: false);

    public static byte[] SerializeToUtf8Bytes(Resource resource) => Serializer.SerializeToBytes(resource, pretty: false);
}
