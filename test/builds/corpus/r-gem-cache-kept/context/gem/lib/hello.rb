# Says hi.
module Hello
  # The greeting.
  def self.hi
    "hi"
  end
end
