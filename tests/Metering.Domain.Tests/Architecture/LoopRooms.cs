// Two tiny rooms that know each other, each through a method body only: what DomainRoomsTests must find.
namespace Metering.Domain.Tests.Architecture.Loop.Upstairs
{
    internal static class Upper
    {
        public static int Count() => Downstairs.Lower.Count() + 1;
    }
}

namespace Metering.Domain.Tests.Architecture.Loop.Downstairs
{
    internal static class Lower
    {
        public static int Count() => 0;

        public static string Name() => typeof(Upstairs.Upper).Name;
    }
}
