Console.Error.WriteLine("neobay: not yet implemented.");
return 1;
