namespace MicroWake.Device
{
    /// <summary>
    /// The board this build runs on: one of Boards.Names() (board-configs/*.json). Change it before
    /// deploying; the build property MicroWakeChip (esp32 or stm32) must match the board's chip family.
    /// </summary>
    public static class BoardSelection
    {
        public const string Name = "esp32-devkitc-inmp441";
    }
}
