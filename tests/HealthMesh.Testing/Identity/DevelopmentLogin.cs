using System.Net;
using System.Text.RegularExpressions;

namespace HealthMesh.Testing.Identity;

/// <summary>Signs an <see cref="HttpClient"/> (with cookies) in through the review page's development login, as a browser would.</summary>
public static partial class DevelopmentLogin
{
    /// <summary>Development reviewers the embedded <c>healthmesh serve</c> offers.</summary>
    public const string Shah = "shah";

    public const string Viewer = "viewer";

    public static async Task SignInAsync(HttpClient http, string reviewerId)
    {
        var page = await http.GetStringAsync("review/login");
        var token = TokenField().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException("The login page carries no antiforgery token.");
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["reviewer"] = reviewerId,
            ["returnUrl"] = "/review",
        });
        using var response = await http.PostAsync("review/login", form);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.OK) || (response.RequestMessage?.RequestUri?.AbsolutePath.EndsWith("/login", StringComparison.Ordinal) ?? false))
        {
            throw new InvalidOperationException($"The development login of '{reviewerId}' failed: {(int)response.StatusCode}.");
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TokenField();
}
