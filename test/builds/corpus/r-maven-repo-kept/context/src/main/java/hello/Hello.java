package hello;

public class Hello {
  public static void main(String[] args) {
    System.out.println("hello 1.0");
  }
}
