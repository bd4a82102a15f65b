using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.FreeText;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// Free text: PHI found in a string, markdown, narrative or text attachment is replaced (surrogates or tags, by
/// configuration) and the rest of the text kept. An attachment loses its URL, size and hash; one that is not
/// <c>text/plain</c> cannot be searched for PHI, so its data is removed.
/// </summary>
public sealed partial class ScrubProcessor(FreeTextScrubber scrubber) : IElementProcessor
{
    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings) => RuleSettings.Unknown(settings);

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings) => element.Element switch
    {
        Narrative { Div: { } div } narrative => Scrub(ScrubXhtml(div, element.Session), div, v => narrative.Div = v),
        XHtml { Value: { } div } xhtml => Scrub(ScrubXhtml(div, element.Session), div, v => xhtml.Value = v),
        Attachment attachment => Scrub(attachment, element.Session),
        PrimitiveType { JsonValue: string text } primitive and (FhirString or Markdown) =>
            Scrub(scrubber.Scrub(text, element.Session), text, v => primitive.JsonValue = v),
        Narrative or PrimitiveType { JsonValue: null } => ProcessResult.Unchanged,
        _ => throw new UnsupportedElementException(element.Element.TypeName),
    };

    private static ProcessResult Scrub(string scrubbed, string original, Action<string> set)
    {
        if (scrubbed == original)
        {
            return ProcessResult.Unchanged;
        }

        set(scrubbed);
        // The scrubber counts each span it replaced in the audit, by kind.
        return new ProcessResult(ResourceChanges.Redacted, 0);
    }

    private ProcessResult Scrub(Attachment attachment, DeidentificationSession session)
    {
        var changes = ResourceChanges.None;
        var removed = 0;
        if (attachment.Url is not null)
        {
            attachment.Url = null;
            changes |= ResourceChanges.Redacted;
            removed++;
        }

        if (attachment.Title is { } title)
        {
            var scrubbedTitle = scrubber.Scrub(title, session);
            changes |= scrubbedTitle == title ? ResourceChanges.None : ResourceChanges.Redacted;
            attachment.Title = scrubbedTitle;
        }

        if (attachment.Data is { Length: > 0 } data)
        {
            if (IsPlainText(attachment.ContentType))
            {
                var text = Encoding.UTF8.GetString(data);
                var scrubbed = scrubber.Scrub(text, session);
                attachment.Data = Encoding.UTF8.GetBytes(scrubbed);
                changes |= scrubbed == text ? ResourceChanges.None : ResourceChanges.Redacted;
            }
            else
            {
                // A PDF or image cannot be searched for PHI here, so it does not pass at all.
                attachment.Data = null;
                session.CountReplacement();
                removed++;
                changes |= ResourceChanges.Redacted;
            }

            // The size and hash describe the original bytes and would link the copy back to them.
            attachment.SizeElement = null;
            attachment.Hash = null;
        }

        return new ProcessResult(changes, removed);
    }

    private static bool IsPlainText(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("text/plain", StringComparison.OrdinalIgnoreCase);

    private string ScrubXhtml(string div, DeidentificationSession session) =>
        XhtmlText().Replace(div, m => scrubber.Scrub(m.Value, session));

    [GeneratedRegex(@"(?<=>)[^<]+(?=<)", RegexOptions.CultureInvariant)]
    private static partial Regex XhtmlText();
}
