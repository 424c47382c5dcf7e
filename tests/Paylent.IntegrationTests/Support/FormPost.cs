using AngleSharp.Html.Dom;

namespace Paylent.IntegrationTests.Support;

/// <summary>What a browser would post for a form on a page (its checked, enabled, named controls), editable before sending.</summary>
public sealed class FormPost
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private FormPost(string action, List<KeyValuePair<string, string>> fields)
    {
        Action = action;
        _fields = fields;
    }

    public string Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The page's main form (the layout's sign-out form is in the header).</summary>
    public static FormPost Read(IHtmlDocument page, string selector = "main form")
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"The page has no {selector}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { IsDisabled: false } input when input.Name is { Length: > 0 } name:
                    if (input.Type is "submit" or "button" || (input.Type is "checkbox" or "radio" && !input.IsChecked))
                    {
                        break;
                    }

                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement { IsDisabled: false } textArea when textArea.Name is { Length: > 0 } name:
                    fields.Add(new(name, textArea.Value));
                    break;
            }
        }

        return new FormPost(form.GetAttribute("action") ?? throw new InvalidOperationException("The form has no action."), fields);
    }

    public string? this[string name] => _fields.FirstOrDefault(f => f.Key == name).Value;

    public IReadOnlyList<string> All(string name) => _fields.Where(f => f.Key == name).Select(f => f.Value).ToList();

    /// <summary>Replaces every value of the field (none: unchecks all its boxes).</summary>
    public FormPost Set(string name, params string[] values)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        return this;
    }

    public Task<HttpResponseMessage> SendAsync(HttpClient http, bool htmx = false, params (string Name, string Value)[] extra)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Action)
        {
            Content = new FormUrlEncodedContent([.. _fields, .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value))]),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("HX-Request-Type", "partial");
        }

        return http.SendAsync(request);
    }
}
