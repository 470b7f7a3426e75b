Console.WriteLine("NeoBay local host: not yet implemented.");
return 1;
