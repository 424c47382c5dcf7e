using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Paylent.Application.Common.Paging;

/// <summary>A page request, 1-based, bounded so no caller can ask for the whole table.</summary>
public sealed record PageRequest(int Number = 1, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 25;
    public const int MaxSize = 100;
    public const int MaxNumber = 100_000;

    public int Skip => (Number - 1) * Size;
}

/// <summary>One page of results; <see cref="HasNext"/> comes from reading one row past the page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, bool HasNext)
{
    public bool HasPrevious => Number > 1;
}

public static class PageQueries
{
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken cancellationToken)
    {
        var rows = await query.Skip(page.Skip).Take(page.Size + 1).ToListAsync(cancellationToken);
        var hasNext = rows.Count > page.Size;
        return new Page<T>(hasNext ? rows[..page.Size] : rows, page.Number, page.Size, hasNext);
    }
}

internal sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    public PageRequestValidator()
    {
        RuleFor(p => p.Number).InclusiveBetween(1, PageRequest.MaxNumber);
        RuleFor(p => p.Size).InclusiveBetween(1, PageRequest.MaxSize);
    }
}
